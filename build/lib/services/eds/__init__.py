"""EDS with NCA RK keys: PKCS#12, certificates, CMS, trust, revocation (R1, R10, R11)."""

from services.eds.certificates import Person, Purpose
from services.eds.service import EdsService
from services.eds.trust import TrustStore

__all__ = ["EdsService", "Person", "Purpose", "TrustStore"]
