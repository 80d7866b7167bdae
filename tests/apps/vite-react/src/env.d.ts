/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_KAKAO_JAVASCRIPT_KEY: string;
  readonly VITE_KAKAO_HOSTS_URL?: string;
  readonly VITE_DEMO_ACCESS_TOKEN?: string;
}
