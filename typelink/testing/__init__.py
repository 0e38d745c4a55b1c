"""Record/replay testing support for typelink clients (pytest plugin and cassette tools)."""
