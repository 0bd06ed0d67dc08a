/*
 * Innkeeper's stand-in for Stripe.js v3, served by the Stripe mock at /v3/ so the guest app's card
 * flows run offline. It implements only the subset listed in mocks/stripe/README.md, talks to the
 * mock that served it (the origin of this script's URL) with the publishable key, and renders the
 * card field as three plain inputs (no iframe): name="cardnumber", "exp-date" and "cvc", as the
 * real card Element names its inputs. 3D Secure completes by itself (set
 * window.__STRIPE_MOCK_AUTHENTICATION__ = 'fail' before confirming to fail it).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var apiBase = script && script.src ? new URL(script.src).origin : window.location.origin;

  function intentPath(kind, clientSecret) {
    return '/v1/' + kind + 's/' + String(clientSecret).split('_secret_')[0];
  }

  /** Stripe's form encoding: nested with brackets, arrays indexed. */
  function encode(value, prefix, pairs) {
    if (value === undefined || value === null) return pairs;
    if (typeof value === 'object') {
      Object.keys(value).forEach(function (key) {
        encode(value[key], prefix ? prefix + '[' + key + ']' : key, pairs);
      });
    } else {
      pairs.push(encodeURIComponent(prefix) + '=' + encodeURIComponent(String(value)));
    }
    return pairs;
  }

  function request(key, method, path, params) {
    var query = encode(params || {}, '', []).join('&');
    var init = { method: method, headers: { authorization: 'Bearer ' + key } };
    if (method === 'GET') path += query ? '?' + query : '';
    else {
      init.headers['content-type'] = 'application/x-www-form-urlencoded';
      init.body = query;
    }
    return fetch(apiBase + path, init).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw body.error || { type: 'api_error', message: 'Unexpected response ' + response.status };
        return body;
      });
    });
  }

  function brandOf(number) {
    if (/^4/.test(number)) return 'visa';
    if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
    if (/^3[47]/.test(number)) return 'amex';
    if (/^6(011|5)/.test(number)) return 'discover';
    return 'unknown';
  }

  // ---- the card field ---------------------------------------------------------------------------

  var FIELDS = [
    { name: 'cardnumber', placeholder: 'Card number', autocomplete: 'cc-number' },
    { name: 'exp-date', placeholder: 'MM / YY', autocomplete: 'cc-exp' },
    { name: 'cvc', placeholder: 'CVC', autocomplete: 'cc-csc' },
  ];

  function CardElement(type) {
    this._type = type;
    this._handlers = {};
    this._inputs = {};
    this._wrapper = null;
  }

  CardElement.prototype.mount = function (target) {
    var host = typeof target === 'string' ? document.querySelector(target) : target;
    if (!host) throw new Error('Stripe mock: no element matches ' + target);
    var self = this;
    var wrapper = document.createElement('div');
    wrapper.className = 'StripeElement StripeMockCard';
    FIELDS.forEach(function (field) {
      var input = document.createElement('input');
      input.name = field.name;
      input.placeholder = field.placeholder;
      input.autocomplete = field.autocomplete;
      input.inputMode = 'numeric';
      input.setAttribute('aria-label', field.placeholder);
      input.addEventListener('input', function () {
        self._emit('change', self._state());
      });
      wrapper.appendChild(input);
      self._inputs[field.name] = input;
    });
    host.appendChild(wrapper);
    this._wrapper = wrapper;
    setTimeout(function () {
      self._emit('ready', { elementType: self._type });
    }, 0);
  };

  CardElement.prototype.unmount = function () {
    if (this._wrapper && this._wrapper.parentNode) this._wrapper.parentNode.removeChild(this._wrapper);
    this._wrapper = null;
  };
  CardElement.prototype.destroy = CardElement.prototype.unmount;
  CardElement.prototype.update = function () {};
  CardElement.prototype.focus = function () {
    if (this._inputs.cardnumber) this._inputs.cardnumber.focus();
  };
  CardElement.prototype.clear = function () {
    Object.keys(this._inputs).forEach(function (name) {
      this._inputs[name].value = '';
    }, this);
  };
  CardElement.prototype.on = function (event, handler) {
    (this._handlers[event] = this._handlers[event] || []).push(handler);
    return this;
  };
  CardElement.prototype.off = function (event, handler) {
    this._handlers[event] = (this._handlers[event] || []).filter(function (h) {
      return h !== handler;
    });
    return this;
  };
  CardElement.prototype._emit = function (event, payload) {
    (this._handlers[event] || []).forEach(function (handler) {
      handler(payload);
    });
  };

  CardElement.prototype._card = function () {
    var value = function (name) {
      return this._inputs[name] ? String(this._inputs[name].value) : '';
    }.bind(this);
    var number = value('cardnumber').replace(/\D/g, '');
    var expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value('exp-date'));
    return {
      number: number,
      exp_month: expiry ? Number(expiry[1]) : undefined,
      exp_year: expiry ? Number(expiry[2]) : undefined,
      cvc: value('cvc').replace(/\D/g, ''),
    };
  };

  CardElement.prototype._state = function () {
    var card = this._card();
    var complete = card.number.length >= 14 && card.exp_month >= 1 && card.exp_month <= 12 && card.cvc.length >= 3;
    return {
      elementType: this._type,
      empty: !card.number && !card.cvc,
      complete: complete,
      brand: brandOf(card.number),
      error: undefined,
      value: {},
    };
  };

  function Elements(options) {
    this._options = options || {};
    this._elements = {};
  }
  /** 'card' and 'payment' both render the card field: the Payment Element stand-in collects cards only. */
  Elements.prototype.create = function (type, options) {
    if (type !== 'card' && type !== 'payment') throw new Error('Stripe mock: element type ' + type + ' is not implemented (card, payment)');
    var element = new CardElement(type, options);
    this._elements[type] = element;
    return element;
  };
  Elements.prototype.getElement = function (type) {
    return this._elements[type] || null;
  };
  Elements.prototype.update = function (options) {
    Object.assign(this._options, options);
  };
  Elements.prototype.submit = function () {
    var element = this._elements.payment || this._elements.card;
    if (!element || !element._state().complete) {
      return Promise.resolve({ error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' } });
    }
    return Promise.resolve({});
  };

  // ---- Stripe -----------------------------------------------------------------------------------

  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (typeof publishableKey !== 'string' || publishableKey.indexOf('pk_') !== 0) {
      throw new Error('Stripe mock: Stripe() needs a publishable key (pk_...)');
    }
    this._key = publishableKey;
  }

  function settle(promise, name) {
    return promise.then(
      function (value) {
        var result = {};
        result[name] = value;
        return result;
      },
      function (error) {
        return { error: error };
      },
    );
  }

  Stripe.prototype.elements = function (options) {
    return new Elements(options);
  };

  Stripe.prototype._createPaymentMethod = function (element, billingDetails) {
    return request(this._key, 'POST', '/v1/payment_methods', {
      type: 'card',
      card: element._card(),
      billing_details: billingDetails,
    });
  };

  /** createPaymentMethod({ type: 'card', card: element, billing_details }) or ({ elements, params }). */
  Stripe.prototype.createPaymentMethod = function (data) {
    var element = data.card || (data.elements && (data.elements.getElement('payment') || data.elements.getElement('card')));
    var billing = data.billing_details || (data.params && data.params.billing_details);
    return settle(this._createPaymentMethod(element, billing), 'paymentMethod');
  };

  /** A payment method id as given, or a new one from a card field. */
  Stripe.prototype._paymentMethodId = function (paymentMethod, billingDetails) {
    if (!paymentMethod) return Promise.resolve(undefined);
    if (typeof paymentMethod === 'string') return Promise.resolve(paymentMethod);
    if (paymentMethod instanceof CardElement) return this._createPaymentMethod(paymentMethod, billingDetails).then(pick('id'));
    return this._createPaymentMethod(paymentMethod.card, paymentMethod.billing_details || billingDetails).then(pick('id'));
  };

  function pick(field) {
    return function (object) {
      return object[field];
    };
  }

  /** Confirms with the key and client secret, then plays the 3D Secure step the intent asks for. */
  Stripe.prototype._confirm = function (kind, clientSecret, paymentMethod, billingDetails, returnUrl) {
    var key = this._key;
    var path = intentPath(kind, clientSecret);
    return this._paymentMethodId(paymentMethod, billingDetails)
      .then(function (id) {
        return request(key, 'POST', path + '/confirm', { client_secret: clientSecret, payment_method: id, return_url: returnUrl });
      })
      .then(function (intent) {
        if (intent.status !== 'requires_action') return intent;
        return authenticate(clientSecret).then(function () {
          return request(key, 'GET', path, { client_secret: clientSecret });
        });
      })
      .then(function (intent) {
        var error = intent.last_payment_error || intent.last_setup_error;
        if (intent.status === 'requires_payment_method' && error) {
          var failure = Object.assign({}, error);
          failure[kind] = intent;
          throw failure;
        }
        return intent;
      });
  };

  function authenticate(clientSecret) {
    return fetch(apiBase + '/__control/authenticate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_secret: clientSecret, outcome: window.__STRIPE_MOCK_AUTHENTICATION__ === 'fail' ? 'fail' : 'succeed' }),
    });
  }

  Stripe.prototype.confirmCardSetup = function (clientSecret, data) {
    data = data || {};
    return settle(this._confirm('setup_intent', clientSecret, data.payment_method, undefined, data.return_url), 'setupIntent');
  };

  Stripe.prototype.confirmCardPayment = function (clientSecret, data) {
    data = data || {};
    return settle(this._confirm('payment_intent', clientSecret, data.payment_method, undefined, data.return_url), 'paymentIntent');
  };

  /** confirmSetup / confirmPayment: Payment Element style; redirects to return_url unless redirect: 'if_required'. */
  function confirmWithElements(kind, name) {
    return function (options) {
      var elements = options.elements;
      var clientSecret = options.clientSecret || (elements && elements._options.clientSecret);
      var params = options.confirmParams || {};
      var element = elements && (elements.getElement('payment') || elements.getElement('card'));
      var billing = params.payment_method_data && params.payment_method_data.billing_details;
      var result = settle(this._confirm(kind, clientSecret, params.payment_method || element, billing, params.return_url), name);
      if (options.redirect === 'if_required' || !params.return_url) return result;
      return result.then(function (outcome) {
        if (outcome.error) return outcome;
        var target = new URL(params.return_url, window.location.href);
        target.searchParams.set(kind, outcome[name].id);
        target.searchParams.set(kind + '_client_secret', clientSecret);
        target.searchParams.set('redirect_status', 'succeeded');
        window.location.assign(target.toString());
        return outcome;
      });
    };
  }
  Stripe.prototype.confirmSetup = confirmWithElements('setup_intent', 'setupIntent');
  Stripe.prototype.confirmPayment = confirmWithElements('payment_intent', 'paymentIntent');

  /** For an intent a server confirmed that came back requires_action. */
  Stripe.prototype.handleNextAction = function (options) {
    var key = this._key;
    var clientSecret = options.clientSecret;
    var kind = clientSecret.indexOf('seti_') === 0 ? 'setup_intent' : 'payment_intent';
    var flow = authenticate(clientSecret).then(function () {
      return request(key, 'GET', intentPath(kind, clientSecret), { client_secret: clientSecret });
    });
    return settle(flow, kind === 'setup_intent' ? 'setupIntent' : 'paymentIntent');
  };
  Stripe.prototype.handleCardAction = function (clientSecret) {
    return this.handleNextAction({ clientSecret: clientSecret });
  };

  Stripe.prototype.retrieveSetupIntent = function (clientSecret) {
    return settle(request(this._key, 'GET', intentPath('setup_intent', clientSecret), { client_secret: clientSecret }), 'setupIntent');
  };
  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    return settle(request(this._key, 'GET', intentPath('payment_intent', clientSecret), { client_secret: clientSecret }), 'paymentIntent');
  };

  window.Stripe = Stripe;
})();
