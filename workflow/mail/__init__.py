"""E-mail: composing reminder messages in the recipient's language, and sending them over SMTP or
into the local mailbox."""
