/* ofac_glue.c - temporary: the OFAC method arrives in match/ofac.c. */
double emb_ofac_score_prepared(const char *qnorm, const char *nnorm);
double emb_ofac_score_prepared(const char *qnorm, const char *nnorm)
{
    (void)qnorm; (void)nnorm;
    return 0.0;
}
