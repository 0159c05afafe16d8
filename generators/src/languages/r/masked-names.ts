/**
 * The names of the packages R attaches in every session (R 4.2's base,
 * stats, utils, methods, graphics, grDevices and datasets) that snake_case
 * can spell: an export with one of these names would mask it for everyone
 * who attaches the package (`search` masking `base::search()` breaks R's own
 * `R CMD check`). Regenerate with:
 *
 *   Rscript -e 'for (p in c("base","stats","utils","methods","graphics","grDevices","datasets"))
 *     cat(p, grep("^[a-z][a-z0-9_]*$", if (p == "base") ls(baseenv()) else ls(paste0("package:", p)), value = TRUE), "\n")'
 */

const wrap = (names: string): readonly string[] => names.trim().split(/\s+/);

const BY_PACKAGE: Readonly<Record<string, readonly string[]>> = {
  base: wrap(`
    abbreviate abs acos acosh agrep agrepl alist all any aperm append apply args array asin asinh asplit
    assign atan atan2 atanh attach attr attributes autoload autoloader backsolve baseenv basename beta
    bindtextdomain body bquote break browser builtins by bzfile c call capabilities casefold cat cbind
    ceiling character charmatch chartr check_tzones chol chol2inv choose class close col colnames comment
    complex conflicts contributors cos cosh cospi crossprod cummax cummin cumprod cumsum cut date debug
    debugonce deparse deparse1 det detach determinant dget diag diff difftime digamma dim dimnames dir
    dirname double dput drop droplevels dump duplicated eapply eigen emptyenv enc2native enc2utf8 enquote
    environment eval evalq exists exp expm1 expression factor factorial fifo file floor flush for force
    formals format forwardsolve function gamma gc gcinfo gctorture gctorture2 get get0 geterrmessage gettext
    gettextf getwd gl globalenv gregexec gregexpr grep grepl grouping gsub gzcon gzfile iconv iconvlist
    identical identity if ifelse inherits integer interaction interactive intersect invisible isa isatty
    isdebugged jitter julian kappa kronecker l10n_info labels lapply lbeta lchoose length lengths letters
    levels lfactorial lgamma library licence license list list2env load local log log10 log1p log2 logb
    logical ls mapply match matrix max mean merge message mget min missing mode months mtfrm names nargs
    nchar ncol next ngettext nlevels noquote norm nrow nullfile numeric numeric_version nzchar objects open
    options order ordered outer package_version pairlist parse paste paste0 pcre_config pi pipe plot pmatch
    pmax pmin polyroot pretty print prmatrix prod proportions psigamma q qr quarters quit quote range rank
    rapply raw rbind rcond readline regexec regexpr regmatches remove rep rep_len repeat replace replicate
    require retracemem return rev rle rm round row rownames rowsum sample sapply save scale scan search
    searchpaths seek seq seq_along seq_len sequence serialize setdiff setequal setwd sign signif
    simplify2array sin single sinh sink sinpi solve sort source split sprintf sqrt srcfile srcfilealias
    srcfilecopy srcref stderr stdin stdout stop stopifnot str2expression str2lang strftime strptime strrep
    strsplit strtoi strtrim structure strwrap sub subset substitute substr substring sum summary svd sweep
    switch system system2 t table tabulate tan tanh tanpi tapply tcrossprod tempdir tempfile tolower topenv
    toupper trace traceback tracemem transform trigamma trimws trunc truncate try typeof unclass undebug
    union unique units unlink unlist unname unserialize unsplit untrace untracemem unz url vapply vector
    version warning warnings weekdays which while with within write xor xtfrm xzfile zapsmall`),
  stats: wrap(`
    acf add1 addmargins aggregate alias anova aov approx approxfun ar arima arima0 ave binomial biplot cancor
    ccf cmdscale coef coefficients confint contrasts convolve cophenetic cor cov cov2cor covratio cpgram
    cutree cycle dbeta dbinom dcauchy dchisq decompose deltat dendrapply density deriv deriv3 deviance dexp
    df dfbeta dfbetas dffits dgamma dgeom dhyper diffinv dist dlnorm dlogis dmultinom dnbinom dnorm dpois
    drop1 dsignrank dt dunif dweibull dwilcox ecdf effects embed end factanal family fft filter fitted
    fivenum formula frequency ftable gaussian get_all_vars glm hat hatvalues hclust heatmap influence
    integrate isoreg kernapply kernel kmeans knots ksmooth lag line lm loadings loess loglin lowess lsfit mad
    mahalanobis makepredictcall manova median medpolish monthplot mvfft napredict naprint naresid nextn nlm
    nlminb nls nobs offset optim optimise optimize pacf pbeta pbinom pbirthday pcauchy pchisq pexp pf pgamma
    pgeom phyper plclust plnorm plogis pnbinom pnorm poisson poly polym power ppoints ppois ppr prcomp
    predict preplot princomp profile proj promax psignrank psmirnov pt ptukey punif pweibull pwilcox qbeta
    qbinom qbirthday qcauchy qchisq qexp qf qgamma qgeom qhyper qlnorm qlogis qnbinom qnorm qpois qqline
    qqnorm qqplot qsignrank qsmirnov qt qtukey quantile quasi quasibinomial quasipoisson qunif qweibull
    qwilcox r2dtable rbeta rbinom rcauchy rchisq reformulate relevel reorder replications reshape resid
    residuals rexp rf rgamma rgeom rhyper rlnorm rlogis rmultinom rnbinom rnorm rpois rsignrank rsmirnov
    rstandard rstudent rt runif runmed rweibull rwilcox screeplot sd sigma simulate smooth spectrum spline
    splinefun start step stepfun stl supsmu symnum termplot terms time toeplitz ts tsdiag tsp uniroot update
    var varimax vcov weights window xtabs`),
  utils: wrap(`
    adist alarm apropos aregexec aspell aspell_package_vignettes aspell_write_personal_dictionary_file
    bibentry citation cite clrhash combn data dataentry de debugcall debugger demo edit emacs example
    file_test find fix gethash glob2rx hashtab head help history hsearch_db hsearch_db_concepts
    hsearch_db_keywords loadhistory maintainer maphash menu methods mirror2html news nsl numhash page person
    pico prompt recover relist remhash rtags savehistory sethash stack str strcapture tail tar timestamp
    typhash undebugcall unstack untar unzip upgrade vi vignette xedit xemacs zip`),
  methods: wrap(`
    as cbind2 coerce el extends initialize is kronecker new prototype rbind2 representation show signature
    slot`),
  graphics: wrap(`
    abline arrows assocplot axis barplot box boxplot bxp cdplot clip contour coplot curve dotchart
    fourfoldplot frame grid hist identify image layout lcm legend lines locator matlines matplot matpoints
    mosaicplot mtext pairs par persp pie plot points polygon polypath rect rug screen segments spineplot
    stars stem strheight stripchart strwidth sunflowerplot symbols text title xinch xspline xyinch yinch`),
  grDevices: wrap(`
    adjustcolor bitmap blues9 bmp cairo_pdf cairo_ps chull cm col2rgb colors colorspaces colours dev2bitmap
    extendrange gray grey hcl hsv jpeg n2mfrow palette pdf pictex png postscript quartz rainbow rgb rgb2hsv
    svg tiff trans3d x11 xfig`),
  datasets: wrap(`
    airmiles airquality anscombe attenu attitude austres beaver1 beaver2 cars chickwts co2 crimtab
    discoveries esoph euro eurodist faithful fdeaths freeny infert iris iris3 islands ldeaths lh longley lynx
    mdeaths morley mtcars nhtemp nottem npk precip presidents pressure quakes randu rivers rock sleep
    stackloss sunspots swiss treering trees uspop volcano warpbreaks women`),
};

export const R_ATTACHED_NAMES: ReadonlySet<string> = new Set(Object.values(BY_PACKAGE).flat());
