#include "VectorSource.h"

#include <utility>

#include "Error.h"
#include "TokenizedCorpus.h"

namespace embedscope {

WordVectors VectorSource::wordVectors() const {
    WordVectors result;
    result.words = words();
    result.vectors = *table();
    return result;
}

LoadedVectorSource::LoadedVectorSource(std::string path, WordVectors vectors)
    : LoadedVectorSource(std::move(path), std::move(vectors.words),
                         shareTable(std::move(vectors.vectors))) {}

LoadedVectorSource::LoadedVectorSource(std::string path, std::vector<std::string> words,
                                       SharedTable table)
    : path_(std::move(path)), words_(std::move(words)), table_(std::move(table)) {
    if (!table_ || table_->rows() != static_cast<Eigen::Index>(words_.size()))
        throw Error(fileError(path_, "the table's rows do not match the words"));
    for (std::size_t row = 0; row < words_.size(); ++row)
        if (rowOf_.insert(words_, row, WordRowSet::hash(words_[row])) >= 0)
            throw Error(fileError(path_, "the word \"" + words_[row] + "\" occurs twice"));
}

std::string LoadedVectorSource::name() const {
    const std::size_t slash = path_.find_last_of('/');
    return slash == std::string::npos ? path_ : path_.substr(slash + 1);
}

std::int32_t LoadedVectorSource::indexOf(const std::string& word) const {
    return static_cast<std::int32_t>(rowOf_.find(words_, word));
}

std::shared_ptr<const Snapshot> LoadedVectorSource::snapshot(
    const std::vector<std::int32_t>& rows) const {
    auto result = std::make_shared<Snapshot>();
    result->generation = generation();
    result->rows = rows;
    result->vectors.resize(static_cast<Eigen::Index>(rows.size()), table_->cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        result->vectors.row(static_cast<Eigen::Index>(i)) = table_->row(rows[i]);
    result->progress.state = TrainerState::Finished;
    result->progress.fraction = 1;
    return result;
}

TrainingRunSource::TrainingRunSource(const Trainer* trainer) : trainer_(trainer) {}

std::string TrainingRunSource::name() const {
    return trainer_->corpus().name;
}

std::int32_t TrainingRunSource::rows() const {
    return trainer_->corpus().vocabulary.size();
}

int TrainingRunSource::dim() const {
    return trainer_->options().dim;
}

const std::vector<std::string>& TrainingRunSource::words() const {
    return trainer_->corpus().vocabulary.words();
}

std::int32_t TrainingRunSource::indexOf(const std::string& word) const {
    return trainer_->corpus().vocabulary.indexOf(word);
}

std::uint64_t TrainingRunSource::count(std::int32_t row) const {
    return trainer_->corpus().vocabulary.count(row);
}

std::uint64_t TrainingRunSource::generation() const {
    return trainer_->progress().wordsProcessed;
}

std::shared_ptr<const Snapshot> TrainingRunSource::snapshot(
    const std::vector<std::int32_t>& rows) const {
    return trainer_->snapshot(rows);
}

WordVectors TrainingRunSource::wordVectors() const {
    return trainer_->wordVectors();
}

SharedTable TrainingRunSource::table() const {
    return shareTable(trainer_->inputVectors());
}

}  // namespace embedscope
