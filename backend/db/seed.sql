-- Demo data for development, tests and docs. Dates are relative to the day the seed runs, in each
-- property's time zone. Confirmation numbers, names and rooms match mocks/shared/demo-stays.ts.
-- Every staff password is "innkeeper-demo" (argon2id).

-- hotel_facts: the hotel information guests see and the concierge answers from, per language
-- (a field missing in one falls back to the default language); see modules/properties/hotel-information.ts.
INSERT INTO properties (code, name, time_zone, currency, hotel_facts) VALUES
  ('harbour', 'Harbour View Hotel', 'Europe/Lisbon', 'EUR', '{
    "country": "PT",
    "information": {
      "en": {
        "wifiNetwork": "HarbourGuest", "wifiPassword": "seaview2024",
        "checkIn": "From 15:00", "checkOut": "By 11:00",
        "breakfast": "07:00-10:30, ground floor", "restaurant": "Lunch 12:30-15:00, dinner 19:00-22:30",
        "spa": "Harbour View Spa, treatments 09:00-20:00: book in this app", "parking": "Public car park Rua do Porto, 200 m, EUR 18 a day",
        "address": "Rua do Porto 12, 1200-100 Lisboa, Portugal", "phone": "+351 21 000 0000",
        "mapUrl": "https://www.openstreetmap.org/?mlat=38.7071&mlon=-9.1355#map=17/38.7071/-9.1355",
        "emergency": "112 (emergencies); night reception: dial 9"
      },
      "pt": {
        "checkIn": "A partir das 15:00", "checkOut": "Até às 11:00",
        "breakfast": "07:00-10:30, rés-do-chão", "restaurant": "Almoço 12:30-15:00, jantar 19:00-22:30",
        "spa": "Harbour View Spa, tratamentos 09:00-20:00: reserve nesta app", "parking": "Parque público na Rua do Porto, a 200 m, 18 EUR por dia",
        "emergency": "112 (emergências); receção noturna: marque 9"
      },
      "de": {
        "checkIn": "Ab 15:00", "checkOut": "Bis 11:00",
        "breakfast": "07:00-10:30, Erdgeschoss", "restaurant": "Mittagessen 12:30-15:00, Abendessen 19:00-22:30",
        "spa": "Harbour View Spa, Behandlungen 09:00-20:00: in dieser App buchen", "parking": "Öffentliches Parkhaus Rua do Porto, 200 m, 18 EUR pro Tag",
        "emergency": "112 (Notruf); Nachtrezeption: Taste 9"
      }
    }
  }'),
  ('alpine', 'Alpine Lodge', 'Europe/Zurich', 'CHF', '{
    "country": "CH",
    "information": {
      "en": {
        "wifiNetwork": "AlpineLodge", "wifiPassword": "matterhorn",
        "checkIn": "From 16:00", "checkOut": "By 10:00",
        "breakfast": "07:30-10:00, Stube", "restaurant": "Dinner 18:30-21:30, Stube",
        "spa": "Sauna and steam bath 15:00-20:00", "parking": "Zermatt is car-free: park in Täsch (CHF 16 a day) and take the shuttle train",
        "address": "Dorfstrasse 5, 3920 Zermatt, Switzerland", "phone": "+41 27 000 00 00",
        "mapUrl": "https://www.openstreetmap.org/?mlat=46.0207&mlon=7.7491#map=17/46.0207/7.7491",
        "emergency": "112 (emergencies), 144 (ambulance), 1414 (Rega air rescue)"
      },
      "de": {
        "checkIn": "Ab 16:00", "checkOut": "Bis 10:00",
        "breakfast": "07:30-10:00, Stube", "restaurant": "Abendessen 18:30-21:30, Stube",
        "spa": "Sauna und Dampfbad 15:00-20:00", "parking": "Zermatt ist autofrei: Parkieren in Täsch (CHF 16 pro Tag), dann mit dem Shuttlezug",
        "emergency": "112 (Notruf), 144 (Sanität), 1414 (Rega)"
      }
    }
  }');

INSERT INTO staff_users (email, password_hash, name, role) VALUES
  ('admin@innkeeper.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Ada Admin', 'admin'),
  ('frontdesk@harbour.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Fernando Front', 'front_desk'),
  ('housekeeping@harbour.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Helena House', 'housekeeping'),
  ('spa@harbour.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Sara Spa', 'spa'),
  ('frontdesk@alpine.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Anja Alp', 'front_desk'),
  ('spa@alpine.local', '$argon2id$v=19$m=19456,t=2,p=1$qBkuaDct5c8Xhki6mBbYdQ$z4bBmMbG6RzYos1DcktV2wvO0oxQ9HeuPPo5+ONI8os', 'Ueli Wellness', 'spa');

INSERT INTO staff_property_access (staff_id, property_id)
SELECT s.id, p.id
FROM staff_users s
JOIN properties p ON (s.email = 'admin@innkeeper.local')
  OR (s.email LIKE '%@harbour.local' AND p.code = 'harbour')
  OR (s.email LIKE '%@alpine.local' AND p.code = 'alpine');

CREATE TEMPORARY TABLE demo_stays (
  property_code text, confirmation text, first_name text, last_name text,
  arrival_offset int, departure_offset int, room text, status stay_status, adults int, children int
) ON COMMIT DROP;

INSERT INTO demo_stays VALUES
  ('harbour', 'HV1001', 'Anna', 'Müller', -1, 2, '204', 'checked_in', 2, 0),
  ('harbour', 'HV1002', 'Chidi', 'Okafor', 0, 3, NULL, 'reserved', 1, 0),
  ('harbour', 'HV1003', 'Sofia', 'Ferreira', 0, 2, NULL, 'reserved', 2, 1),
  ('harbour', 'HV1004', 'James', 'O''Connor', 0, 1, NULL, 'reserved', 1, 0),
  ('harbour', 'HV1005', 'Léa', 'Dubois', -2, 0, '305', 'checked_in', 2, 0),
  ('harbour', 'HV1006', 'Hiroshi', 'Tanaka', -3, 1, '112', 'checked_in', 1, 0),
  ('harbour', 'HV1007', 'Emma', 'Schmidt', -1, 4, '210', 'checked_in', 2, 2),
  ('harbour', 'HV1008', 'Lucas', 'Silva', 1, 3, NULL, 'reserved', 2, 0),
  ('harbour', 'HV1009', 'Olivia', 'Brown', 2, 6, NULL, 'reserved', 2, 0),
  ('harbour', 'HV1010', 'Mateo', 'García', 5, 8, NULL, 'reserved', 2, 1),
  ('harbour', 'HV1011', 'Noah', 'Wilson', -5, -2, '101', 'checked_out', 1, 0),
  ('harbour', 'HV1012', 'Zoë', 'Martin', -4, -1, '118', 'checked_out', 2, 0),
  ('harbour', 'HV1013', 'Ahmed', 'Hassan', 0, 2, NULL, 'cancelled', 1, 0),
  ('harbour', 'HV1014', 'Ingrid', 'Johansson', -1, 1, NULL, 'no_show', 1, 0),
  ('harbour', 'HV1015', 'Priya', 'Sharma', 10, 14, NULL, 'reserved', 2, 0),
  ('alpine', 'AL2001', 'Giulia', 'Rossi', 0, 4, NULL, 'reserved', 2, 0),
  ('alpine', 'AL2002', 'Lukas', 'Meier', -2, 3, '12', 'checked_in', 2, 0),
  ('alpine', 'AL2003', 'Chloé', 'Favre', -1, 0, '7', 'checked_in', 1, 0),
  ('alpine', 'AL2004', 'Marco', 'Bernasconi', 1, 5, NULL, 'reserved', 2, 2),
  ('alpine', 'AL2005', 'Sarah', 'Keller', 0, 2, NULL, 'reserved', 1, 0),
  ('alpine', 'AL2006', 'Thomas', 'Huber', -6, -3, '3', 'checked_out', 2, 0),
  ('alpine', 'AL2007', 'Elena', 'Popescu', 3, 7, NULL, 'reserved', 2, 0),
  ('alpine', 'AL2008', 'Jonas', 'Brunner', -3, 2, '21', 'checked_in', 2, 0),
  ('alpine', 'AL2009', 'Mia', 'Zimmermann', 7, 10, NULL, 'reserved', 2, 0),
  ('alpine', 'AL2010', 'David', 'Cohen', 0, 1, NULL, 'cancelled', 1, 0);

WITH new_guests AS (
  INSERT INTO guests (property_id, first_name, last_name, email)
  SELECT p.id, d.first_name, d.last_name, lower(d.confirmation) || '@guests.example'
  FROM demo_stays d JOIN properties p ON p.code = d.property_code
  RETURNING id, property_id, email
)
INSERT INTO stays (property_id, pms_reservation_id, confirmation_number, guest_id, arrival_date,
                   departure_date, room, status, adults, children)
SELECT p.id, d.confirmation, d.confirmation, g.id,
       (now() AT TIME ZONE p.time_zone)::date + d.arrival_offset,
       (now() AT TIME ZONE p.time_zone)::date + d.departure_offset,
       d.room, d.status, d.adults, d.children
FROM demo_stays d
JOIN properties p ON p.code = d.property_code
JOIN new_guests g ON g.property_id = p.id AND g.email = lower(d.confirmation) || '@guests.example';

-- Spa: harbour on SpaBooker, alpine on Mindbody; their settings come from the environment
-- (SPABOOKER_*, MINDBODY_*), which `npm start` points at the two mocks outside production.
INSERT INTO integration_settings (property_id, kind, provider, config)
SELECT id, 'spa', CASE code WHEN 'harbour' THEN 'spabooker' ELSE 'mindbody' END, '{}' FROM properties;

-- Demo mobile numbers (invented): OpenKey invites guests by SMS and needs one to issue a key.
UPDATE guests g
SET phone = CASE p.code WHEN 'harbour' THEN '+35191' ELSE '+4179' END || lpad((abs(hashtext(g.email)) % 10000000)::text, 7, '0')
FROM properties p
WHERE p.id = g.property_id AND g.phone IS NULL;

-- Mobile keys: harbour on OpenKey, alpine on Alliants; their settings come from the environment
-- (OPENKEY_*, ALLIANTS_*), which `npm start` points at the two mocks outside production.
INSERT INTO integration_settings (property_id, kind, provider, config)
SELECT id, 'keys', CASE code WHEN 'harbour' THEN 'openkey' ELSE 'alliants' END, '{}' FROM properties;

-- AI concierge: harbour on openai, whose settings come from the environment (OPENAI_*), which
-- `npm start` points at the OpenAI mock outside production; alpine on the built-in local one.
INSERT INTO integration_settings (property_id, kind, provider, config)
SELECT id, 'concierge', CASE code WHEN 'harbour' THEN 'openai' ELSE 'local' END, '{}' FROM properties;

-- Places the concierge recommends (invented, like every demo value).
INSERT INTO concierge_places (property_id, name, category, description, hours, distance_meters)
SELECT p.id, v.name, v.category, v.description, v.hours, v.distance_meters
FROM properties p
JOIN (VALUES
  ('harbour', 'Tasca do Cais', 'restaurant', 'Grilled fish and Portuguese wine on the quay', '12:00-15:00, 19:00-23:00', 250),
  ('harbour', 'Pastelaria Aurora', 'café', 'Pastéis de nata warm from the oven', '07:30-19:00', 120),
  ('harbour', 'Museu do Mar', 'museum', 'The port''s maritime history, with a rooftop view', '10:00-18:00, closed Mondays', 600),
  ('alpine', 'Stübli am Bach', 'restaurant', 'Cheese fondue and raclette by the fire', '18:00-22:30', 300),
  ('alpine', 'Bäckerei Matter', 'café', 'Bread, coffee and apricot tarts', '07:00-18:30', 150),
  ('alpine', 'Gornergrat railway', 'excursion', 'Cog railway to the Matterhorn viewpoint', 'first train 07:00', 400)
) AS v(property_code, name, category, description, hours, distance_meters) ON v.property_code = p.code;

INSERT INTO property_settings (property_id, pre_arrival_email_days, default_language)
SELECT id, 3, 'en' FROM properties;

-- labels: the name in each guest language; a language left out falls back to the hotel's default, then to name.
INSERT INTO request_categories (property_id, code, name, labels, department, sla_minutes, items, sort_order)
SELECT p.id, c.code, c.name, c.labels::jsonb, c.department::department, c.sla_minutes, c.items::jsonb, c.sort_order
FROM properties p
CROSS JOIN (VALUES
  ('towels', 'Towels', '{"en": "Towels", "de": "Handtücher", "fr": "Serviettes", "es": "Toallas", "pt": "Toalhas", "it": "Asciugamani"}',
   'housekeeping', 20, '["Bath towels", "Hand towels", "Pool towels", "Bathrobe"]', 1),
  ('amenities', 'Amenities', '{"en": "Amenities", "de": "Pflegeartikel und Zubehör", "fr": "Produits d''accueil", "es": "Artículos de cortesía", "pt": "Artigos de cortesia", "it": "Set di cortesia"}',
   'housekeeping', 30, '["Pillows", "Blanket", "Toothbrush kit", "Shampoo", "Slippers"]', 2),
  ('cleaning', 'Room cleaning', '{"en": "Room cleaning", "de": "Zimmerreinigung", "fr": "Ménage de la chambre", "es": "Limpieza de la habitación", "pt": "Limpeza do quarto", "it": "Pulizia della camera"}',
   'housekeeping', 60, '[]', 3),
  ('repair', 'Something is broken', '{"en": "Something is broken", "de": "Etwas ist kaputt", "fr": "Quelque chose ne fonctionne pas", "es": "Algo no funciona", "pt": "Algo está avariado", "it": "Qualcosa non funziona"}',
   'maintenance', 45, '["Air conditioning", "Lights", "TV", "Shower", "Safe", "Other"]', 4),
  ('late_checkout', 'Late checkout', '{"en": "Late checkout", "de": "Späterer Check-out", "fr": "Départ tardif", "es": "Salida tardía", "pt": "Check-out tardio", "it": "Check-out posticipato"}',
   'front_desk', 30, '[]', 5),
  ('wake_up_call', 'Wake-up call', '{"en": "Wake-up call", "de": "Weckruf", "fr": "Réveil téléphonique", "es": "Llamada despertador", "pt": "Chamada de despertar", "it": "Sveglia telefonica"}',
   'front_desk', 10, '[]', 6),
  ('taxi', 'Taxi', '{"en": "Taxi", "de": "Taxi", "fr": "Taxi", "es": "Taxi", "pt": "Táxi", "it": "Taxi"}',
   'concierge', 15, '[]', 7),
  ('restaurant', 'Restaurant booking', '{"en": "Restaurant booking", "de": "Tischreservierung", "fr": "Réservation au restaurant", "es": "Reserva de restaurante", "pt": "Reserva de restaurante", "it": "Prenotazione al ristorante"}',
   'concierge', 60, '[]', 8)
) AS c(code, name, labels, department, sla_minutes, items, sort_order);
