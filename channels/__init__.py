"""Code the Rasa server loads besides the NLU components (nlu/): the privacy channel (credentials.yml)
and the conversation feed, an event broker (endpoints.yml)."""
