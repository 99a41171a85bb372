"""The Telegram adapter of Stadtbot Gera: updates in, the assistant (Rasa), replies out."""
