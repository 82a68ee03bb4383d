import http from 'node:http';

/** A keep-alive POST client for the c = 1 latency harness (one socket, like one dashboard user). */
export class PostClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  post(url: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} within 60 s`)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
