module example.com/shop

go 1.22

require github.com/pressly/goose/v3 v3.21.1
