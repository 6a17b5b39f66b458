// Pretrained vectors in the trainer (nn.Embedding.from_pretrained): the tables' initialisation,
// the corpus words that take a file's rows (frozen or not), and the export of the file's words
// the corpus lacks after the corpus's own.
#include "TrainerImpl.h"

#include "TrainingKernel.h"

namespace embedscope {

void Trainer::Impl::initialiseTables() {
    const auto vocabSize = corpus.vocabulary.size();
    // word2vec's syn1neg starts at zero.
    auto zeroOutputTable = [&] { outputTable = PaddedTable(vocabSize, options.dim); };
    if (!options.pretrained.vectors) {
        // Drawn straight into the padded rows: the same values as the dense table below, without
        // it (a V x dim allocation, its page faults and a copy).
        inputTable = PaddedTable(vocabSize, options.dim);
        fillWeights(inputTable.data(), vocabSize, options.dim, inputTable.stride(),
                    options.effectiveInit(), options.seed);
        zeroOutputTable();
        return;
    }
    input = EmbeddingTable(vocabSize, options.dim, options.effectiveInit(), options.seed);
    startFromPretrained(*options.pretrained.vectors);
    // The training copy (padded rows on 2 MB pages); the dense table is not needed again, and is
    // freed before the output table is allocated so that the two never all coexist.
    inputTable = PaddedTable(input.weight());
    if (const std::uint8_t* frozen = input.frozenRowFlags())
        frozenInputRows.assign(frozen, frozen + input.numEmbeddings());
    input = EmbeddingTable();
    zeroOutputTable();
}

// from_pretrained: the corpus words of `pretrained` take its rows (the first of a repeated
// word); the other corpus words keep the random rows drawn above, so that a seed gives them
// the values it gives without pretrained vectors.
void Trainer::Impl::startFromPretrained(const WordVectors& pretrained) {
    const Vocabulary& vocabulary = corpus.vocabulary;
    RowMatrixXf weights = input.weight();
    std::vector<std::uint8_t> fromFile(std::size_t(vocabulary.size()), 0);
    for (std::int32_t row = 0; row < pretrained.rows(); ++row) {
        const std::int32_t id = vocabulary.indexOf(pretrained.words[std::size_t(row)]);
        if (id < 0) {
            keptPretrained.push_back(row);
        } else if (!fromFile[std::size_t(id)]) {
            fromFile[std::size_t(id)] = 1;
            weights.row(id) = pretrained.vectors.row(row);
            ++pretrainedRows;
        }
    }
    input = EmbeddingTable::fromPretrained(weights, /*freeze=*/false);
    if (options.pretrained.freeze)
        input.freezeRows(std::move(fromFile));
}

WordVectors Trainer::wordVectors() const {
    const std::vector<std::int32_t>& kept = impl_->keptPretrained;
    const PaddedTable& input = impl_->inputTable;
    WordVectors result;
    result.words = corpus_->vocabulary.words();
    result.vectors.resize(input.rows() + Eigen::Index(kept.size()), options_.dim);
    hogwildCopy(input.data(), static_cast<std::size_t>(input.rows()), input.dim(), input.stride(),
                result.vectors.data());
    if (!kept.empty()) {
        // Nothing trains these rows: they are the pretrained vectors as given.
        const WordVectors& pretrained = *options_.pretrained.vectors;
        for (std::size_t k = 0; k < kept.size(); ++k) {
            result.words.push_back(pretrained.words[std::size_t(kept[k])]);
            result.vectors.row(input.rows() + Eigen::Index(k)) = pretrained.vectors.row(kept[k]);
        }
    }
    return result;
}

std::int32_t Trainer::pretrainedRows() const {
    return impl_->pretrainedRows;
}

std::int32_t Trainer::keptPretrainedRows() const {
    return static_cast<std::int32_t>(impl_->keptPretrained.size());
}

}  // namespace embedscope
