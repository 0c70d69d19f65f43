-- expect: require-enum-value-ordering@2, require-enum-value-ordering@3
ALTER TYPE shipment_status ADD VALUE 'returned';
ALTER TYPE public.shipment_status ADD VALUE IF NOT EXISTS 'lost';
