// FerryKit composes the models, copy engine, store and reports.
