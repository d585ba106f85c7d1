"""The seed document's Python client, copied verbatim (imports and class only).

Source: /work/shared/seeds/000_f4703adb4020f274.txt, "Python Integration". Do not edit the
class: test_seed_clients.py checks that the seed's own client works unchanged against genx3d.
The test passes base_url to the constructor.
"""

import requests
import json

class GenX3DChat:
    def __init__(self, api_key, base_url="http://localhost:8000/api/v1"):
        self.api_key = api_key
        self.base_url = base_url
        self.headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json"
        }
    
    def send_message(self, message, context=None, model="gpt-4o-mini"):
        """Send a message to the AI assistant."""
        payload = {
            "message": message,
            "model": model
        }
        if context:
            payload["context"] = context
        
        response = requests.post(
            f"{self.base_url}/chat",
            headers=self.headers,
            json=payload
        )
        return response.json()
    
    def get_history(self, session_id, limit=50):
        """Get chat history for a session."""
        params = {
            "session_id": session_id,
            "limit": limit
        }
        response = requests.get(
            f"{self.base_url}/chat/history",
            headers=self.headers,
            params=params
        )
        return response.json()
