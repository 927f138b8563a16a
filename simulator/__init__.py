"""The local WhatsApp simulator (sandbox mode only): a phone in the browser, Twilio-shaped."""
