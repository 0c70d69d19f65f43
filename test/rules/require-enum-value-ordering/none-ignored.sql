-- expect: none
ALTER TYPE shipment_status ADD VALUE 'returned'; -- squawk-ignore require-enum-value-ordering
