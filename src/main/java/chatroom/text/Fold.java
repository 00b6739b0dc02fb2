package chatroom.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;

/**
 * The one case folding: what the text search compares and what makes a name or a room one
 * whatever its case ({@code chat.Names.key}). Unicode full case folding (ß and SS both become ss; Σ, σ and ς
 * become σ), between normalisations so a composed é and e + U+0301 fold alike. The folding
 * is the default, not the Turkic one: I and i match, İ folds to i + U+0307 and so does not
 * match a plain i, and the dotless ı matches only itself. Every user gets the same answer,
 * whatever their locale.
 */
public final class Fold {
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

    private Fold() {}

    public static String of(String text) {
        if (text == null) return null;
        return NFC.normalize(UCharacter.foldCase(NFD.normalize(text), UCharacter.FOLD_CASE_DEFAULT));
    }
}
