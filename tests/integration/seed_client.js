// The seed document's JavaScript client, copied verbatim (the class only), plus a driver.
// Source: /work/shared/seeds/000_f4703adb4020f274.txt, "JavaScript Integration". Do not edit
// the class: test_seed_clients.py checks that the seed's own client works unchanged.
// Usage: node seed_client.js API_KEY BASE_URL MESSAGE
// Prints one JSON line: {"response": <sendMessage result>, "history": <getHistory result>}.

class GenX3DChat {
  constructor(apiKey, baseUrl = 'http://localhost:8000/api/v1') {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.headers = {
      'Authorization': `Bearer ${apiKey}`,
      'Content-Type': 'application/json'
    };
  }

  async sendMessage(message, context = null, model = 'gpt-4o-mini') {
    const payload = {
      message,
      model
    };
    if (context) payload.context = context;

    const response = await fetch(`${this.baseUrl}/chat`, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(payload)
    });
    return response.json();
  }

  async getHistory(sessionId, limit = 50) {
    const params = new URLSearchParams({
      session_id: sessionId,
      limit: limit.toString()
    });

    const response = await fetch(`${this.baseUrl}/chat/history?${params}`, {
      headers: this.headers
    });
    return response.json();
  }
}

// --- driver (not from the seed)
async function main() {
  const [apiKey, baseUrl, message] = process.argv.slice(2);
  const chat = new GenX3DChat(apiKey, baseUrl);
  const response = await chat.sendMessage(message);
  const history = await chat.getHistory(response.session_id);
  console.log(JSON.stringify({ response, history }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
