"""WhatsApp: webhook, signature check, dialog engine, sender."""
