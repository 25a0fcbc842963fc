"""Pages: certificates: issue, PDF, credential, revoke (slice certificates)."""

urlpatterns: list = []
