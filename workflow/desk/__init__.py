"""The office's desk (issue 10): sheets in and out, printable sheets, batch work."""
