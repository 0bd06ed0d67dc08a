/**
 * Stripe.js, loaded from the address the API gives (Stripe's own, or the Stripe mock's stand-in),
 * with a script tag added once per address. Typed for the calls the guest app makes and nothing
 * more. The page's Content-Security-Policy must allow that address (backend security-headers).
 */

export interface StripeError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

export interface StripeCardElement {
  mount(target: HTMLElement): void;
  destroy(): void;
  on(event: 'change', handler: (event: { complete: boolean; empty: boolean }) => void): void;
}

export interface StripeClient {
  elements(): { create(type: 'card'): StripeCardElement };
  confirmCardSetup(clientSecret: string, data: { payment_method: { card: StripeCardElement } }): Promise<{ setupIntent?: { id: string; status: string }; error?: StripeError }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ paymentIntent?: { id: string; status: string }; error?: StripeError }>;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeClient;
  }
}

const loading = new Map<string, Promise<void>>();

function loadScript(url: string): Promise<void> {
  let promise = loading.get(url);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        // Let a later attempt (the guest trying again) add a fresh tag.
        loading.delete(url);
        script.remove();
        reject(new Error('stripe-js-unavailable'));
      };
      document.head.appendChild(script);
    });
    loading.set(url, promise);
  }
  return promise;
}

const clients = new Map<string, StripeClient>();

/** A Stripe client for this key, from the script at `jsUrl` (loaded once). */
export async function loadStripe(jsUrl: string, publishableKey: string): Promise<StripeClient> {
  await loadScript(jsUrl);
  if (!window.Stripe) throw new Error('stripe-js-unavailable');
  const id = `${jsUrl} ${publishableKey}`;
  let client = clients.get(id);
  if (!client) {
    client = window.Stripe(publishableKey);
    clients.set(id, client);
  }
  return client;
}
