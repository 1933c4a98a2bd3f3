"""NHS careers: the catalogue of roles (data/careers/roles.yml), search and matching."""
