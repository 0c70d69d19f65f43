-- expect: none
UPDATE warehouses SET (city, region) = ('Delft', 'west'), country = 'NL';
