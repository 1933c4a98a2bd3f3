"""Open Referral UK (HSDS 3): import feeds into the directory and serve it back."""
