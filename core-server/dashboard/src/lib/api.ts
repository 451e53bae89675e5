import { apiErrorFrom, createLikenessClient, LikenessApiError, unwrap, type Schemas } from '@likeness/sdk';

/** The typed client for the REST API; the browser sends the session cookie with every call. */
export const api = createLikenessClient({ baseUrl: window.location.origin });

export const LOGGED_OUT_EVENT = 'likeness:logged-out';

api.use({
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
    return undefined;
  },
});

export { unwrap, LikenessApiError };

export type Asset = Schemas['Asset'];
export type AssetUploaded = Schemas['AssetUploaded'];
export type BasisUpdate = Schemas['BasisUpdate'];
export type Box = Schemas['Box'];
export type ChannelStatus = Schemas['ChannelStatus'];
export type StatusReason = Schemas['StatusReason'];
export type GdprStatus = Schemas['GdprStatus'];
export type LegalBasis = Schemas['LegalBasis'];
export type Person = Schemas['Person'];
export type PersonCreate = Schemas['PersonCreate'];
export type ConsentState = Person['consentState'];
export type Agreement = Schemas['Agreement'];
export type AgreementState = Agreement['state'];
export type AgreementKind = Schemas['AgreementKind'];
export type AgreementDocument = Schemas['AgreementDocument'];
export type Usage = Schemas['Usage'];
export type Settings = Schemas['Settings'];
export type SettingsUpdate = Schemas['SettingsUpdate'];
export type CustomFieldDefinition = Schemas['CustomFieldDefinition'];
export type Me = Schemas['Me'];
export type Role = Schemas['Role'];
export type Locale = Schemas['Locale'];
export type Permission = Schemas['Permission'];
export type User = Schemas['User'];
export type ApiKey = Schemas['ApiKey'];
export type SignedInSession = Schemas['Session'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type Webhook = Schemas['Webhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type Notification = Schemas['Notification'];
export type AuditEvent = Schemas['AuditEvent'];
export type AuditAction = Schemas['AuditAction'];
export type StatusChangedEvent = Schemas['StatusChangedEvent'];
export type AssetFaces = Schemas['AssetFaces'];
export type Face = Schemas['Face'];
export type FaceSuggestion = Schemas['FaceSuggestion'];
export type FaceJob = Schemas['FaceJob'];
export type ConsentTemplate = Schemas['ConsentTemplate'];
export type ConsentTemplateCreate = Schemas['ConsentTemplateCreate'];
export type ConsentRequest = Schemas['ConsentRequest'];
export type ConsentRequestStatus = Schemas['ConsentRequestStatus'];
export type ConsentMethod = Schemas['ConsentMethod'];
export type ConsentDelivery = Schemas['ConsentDelivery'];
export type ConsentSettings = Schemas['ConsentSettings'];
export type ConsentOutboxMessage = Schemas['ConsentOutboxMessage'];
export type ImportInspection = Schemas['ImportInspection'];
export type PersonImport = Schemas['PersonImport'];
/** The import's column mapping (sent as JSON in a form field, so not among the schemas). */
export interface PersonImportMapping {
  columns: Record<string, number>;
  defaults?: { agreementKind?: 'written' | 'oral' | 'model_release'; agreementChannels?: string[]; agreementValidFrom?: string };
}
export type ConsentMessage = Schemas['ConsentMessage'];

export function listAssets(query: {
  limit?: number;
  cursor?: string;
  q?: string;
  basis?: LegalBasis | 'none';
  personId?: string;
  status?: GdprStatus;
  channel?: string;
}) {
  return unwrap(api.GET('/api/v1/assets', { params: { query } }));
}

export type AssetQuery = Parameters<typeof listAssets>[0];

export function listPersons(query: { limit?: number; cursor?: string; q?: string; filter?: PersonFilter; days?: number }) {
  return unwrap(api.GET('/api/v1/persons', { params: { query } }));
}

export const PERSON_FILTERS = ['missing_consent', 'expiring', 'minors', 'withdrawn'] as const;
export type PersonFilter = (typeof PERSON_FILTERS)[number];

/** URL of an asset's file variant; the browser sends the session cookie, and the URL is immutable. */
/** A frame of a video (where a face track is clearest). */
export const frameUrl = (assetId: string, ms: number) => `/api/v1/assets/${assetId}/frames/${ms}`;
export const fileUrl = (assetId: string, variant: 'thumbnail' | 'preview' | 'original' | 'clip') => `/api/v1/assets/${assetId}/files/${variant}`;

function apiErrorFromXhr(xhr: XMLHttpRequest): LikenessApiError {
  try {
    return apiErrorFrom(xhr.status, JSON.parse(xhr.responseText));
  } catch {
    return new LikenessApiError(xhr.status, xhr.status === 0 ? 'network_error' : 'http_error', xhr.status === 0 ? 'Network error' : `HTTP ${xhr.status}`);
  }
}

/**
 * Multipart upload to a documented endpoint (POST /assets, POST /agreements/:id/documents, the register import) with
 * progress; fetch cannot report upload progress, so this is the one place that uses XMLHttpRequest.
 */
export function uploadWithProgress<T>(
  path: '/api/v1/assets' | `/api/v1/agreements/${string}/documents` | `/api/v1/office/documents/check?${string}` | '/api/v1/imports/persons' | '/api/v1/imports/persons/inspect',
  file: File,
  onProgress: (fraction: number) => void,
  fields: Record<string, string> = {},
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    xhr.open('POST', path);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as T);
      } else {
        if (xhr.status === 401) window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
        reject(apiErrorFromXhr(xhr));
      }
    };
    xhr.onerror = () => reject(apiErrorFromXhr(xhr));
    xhr.onabort = () => reject(new LikenessApiError(0, 'aborted', 'Aborted'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Fetches a binary through the typed client (documents are attachments, so they are previewed from a blob). */
export async function documentBlob(id: string): Promise<Blob> {
  const { data, response } = await api.GET('/api/v1/documents/{id}', { params: { path: { id } }, parseAs: 'blob' });
  if (!response.ok || !data) throw new LikenessApiError(response.status, 'http_error', `HTTP ${response.status}`);
  return data as Blob;
}
