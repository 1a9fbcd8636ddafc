"""The bell: a user's notifications, the digest choice, and the office's manual reminder form."""
