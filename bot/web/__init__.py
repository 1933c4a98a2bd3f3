"""The web server: one Flask app made of the staff console's pages, the widget's script and
demo pages, and the directory's Open Referral API (`app.py` puts them together).

Above the parts it serves: it imports the console, the widget and the directory; none of
them imports it.
"""
