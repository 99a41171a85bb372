"""Code that runs inside the Rasa server besides the NLU components (nlu/): input channels."""
