"""In-app notifications (站内消息) to the users of an organisation."""
