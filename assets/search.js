/* search: written by the search module */
