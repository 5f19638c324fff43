"""The MkDocs glue: plugins, hooks, workarounds."""
