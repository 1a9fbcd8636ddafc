"""The archive of a session (SPEC 3.6): one PDF per item, an XLSX index, packed as one ZIP."""
