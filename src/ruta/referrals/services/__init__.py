"""Writes on the referral pathway (being split by topic)."""

from ruta.referrals.services.referrals import *  # noqa: F403
