"""API routes: certificates: issue, PDF, credential, revoke."""

urlpatterns: list = []
