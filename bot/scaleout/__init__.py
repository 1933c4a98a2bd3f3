"""Running on several servers: Rasa's own parts (a Redis lock store, the PostgreSQL tracker
store) behind nginx, and the load test that checks nothing is lost, doubled or reordered."""
