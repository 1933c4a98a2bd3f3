"""The service directory: Open Referral (HSDS 3) shaped tables, search, seed data, postcodes."""
