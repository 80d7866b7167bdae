/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // This app lives inside the kakao-channel repository (which has its own lock file): build
  // from this folder, not from the repository root.
  outputFileTracingRoot: import.meta.dirname,
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
