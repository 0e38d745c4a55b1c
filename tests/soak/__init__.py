"""The fault soak: a misbehaving local server, a typelink client on many threads, and checks."""
