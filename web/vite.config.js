import { defineConfig } from 'vite';

// Served by the apiserver at /ui/ from the anvil-web jar (META-INF/resources/ui/).
export default defineConfig({
  base: '/ui/',
  build: {
    outDir: 'target/classes/META-INF/resources/ui',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev` against a local apiserver: ANVIL_API=https://localhost:8443 npm run dev
    proxy: process.env.ANVIL_API
      ? { '/apis': { target: process.env.ANVIL_API, ws: true, secure: false, changeOrigin: true },
          '/ui/config.json': { target: process.env.ANVIL_API, secure: false, changeOrigin: true } }
      : undefined,
  },
});
