*! bd_search: not in the table
program define bd_search, rclass
    version 16
    syntax [, q(string)]
end
