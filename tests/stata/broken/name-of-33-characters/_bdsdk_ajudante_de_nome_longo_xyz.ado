*! a helper with a name one character too long
program define _bdsdk_ajudante_de_nome_longo_xyz
    version 16
end
