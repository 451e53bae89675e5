import { useFetchClient } from '@strapi/strapi/admin';

/** Strapi's fetch client (admin JWT attached) with the plugin's untyped JSON answers. */
export function useApi() {
  const client = useFetchClient();
  return {
    get: (url: string, options?: object) => client.get<any>(url, options as never),
    post: (url: string, body?: unknown) => client.post<any>(url, body),
    put: (url: string, body?: unknown) => client.put<any>(url, body),
  };
}
