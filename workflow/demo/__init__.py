"""Demo data for `flask seed-demo`, built from the real documents in samples/."""
