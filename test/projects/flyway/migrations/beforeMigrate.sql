SET search_path TO ${app_schema}, public;
