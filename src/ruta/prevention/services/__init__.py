"""The writes of the prevention pillar, one module per topic (re-exported here)."""

# -- certificates (slice certificates) --
from ruta.prevention.services.certificates import certificate_download as certificate_download
from ruta.prevention.services.certificates import certificate_revoke as certificate_revoke
from ruta.prevention.services.certificates import certificates_issue as certificates_issue
