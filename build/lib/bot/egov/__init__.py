"""eGov Mobile, the bot's side: the links and QR codes a parent opens (direct or through the
SIGEX relay), API №1 and №2 on the bot's web app, and telling the chat how a request ended."""
