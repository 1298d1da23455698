"""The playground (`python -m bot playground`): the whole bot in a browser with no token. Its Bot
API stand-in (bot_api.py) is also what the end-to-end tests run the bot against."""
