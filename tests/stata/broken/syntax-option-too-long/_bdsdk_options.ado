*! a helper whose option name is one character too long for its local macro
program define _bdsdk_options
    version 16
    syntax [, abcdefghijklmnopqrstuvwxyz_abcde(string)]
end
