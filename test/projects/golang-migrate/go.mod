module example.com/catalog

go 1.22

require github.com/golang-migrate/migrate/v4 v4.17.1
