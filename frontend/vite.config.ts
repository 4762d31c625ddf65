/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// `npm run dev` serves the dashboard with hot reload and forwards the API and WebSocket to a running
// Herald (HERALD_URL, default http://localhost:8080). Host and the WebSocket's Origin are rewritten to
// Herald's own, so Herald's same-origin check passes without widening herald.security.allowed-origins.
const herald = process.env.HERALD_URL ?? 'http://localhost:8080';

export default defineConfig({
  build: {
    // straight into the jar's static resources: Spring Boot serves them at /
    outDir: '../target/classes/static',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/v1': {
        target: herald,
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', herald));
        },
      },
      '/actuator': herald,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
