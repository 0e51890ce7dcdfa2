"""Workspace building blocks shared by citizen boxes (public schema) and intranet groups
(tenant schemas): installed in both SHARED_APPS and TENANT_APPS. Models arrive with the
intranet and network issues."""
