"""The project's parts of Rasa's pipeline, named in config.yml: the sentence-encoder
featurizer, the place-name intent, the safeguarding detector (last in the NLU pipeline) and
the safeguarding policy (first among the policies). They take what they share from
bot/runtime.py."""
